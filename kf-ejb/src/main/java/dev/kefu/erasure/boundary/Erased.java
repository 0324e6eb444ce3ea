package dev.kefu.erasure.boundary;

/** What an erasure removed of one visitor: counts only, never what the rows held. */
public record Erased(
    String visitorId,
    int conversations,
    int messages,
    int notes,
    int files,
    int pageViews,
    int leftMessages,
    int blocks) {}
