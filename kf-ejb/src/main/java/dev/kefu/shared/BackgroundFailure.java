package dev.kefu.shared;

/**
 * A failure of work that no request waits for (a sweep, a webhook sender's round), fired as a CDI
 * event where it is caught. The node's health observes it, to tell whether it shows a fatal fault
 * (an embedded database that closed under the node), without every component that runs such work
 * depending on the health component. The work itself goes on as before: it logs and tries again.
 */
public record BackgroundFailure(Throwable cause) {}
