package dev.kefu.visitor.entity;

/**
 * What a visitor's browser tells about itself when it connects: locale, page, referrer and the
 * device and browser read from its user agent. Any part may be null.
 */
public record VisitorContext(
    String locale,
    String userAgent,
    String device,
    String browser,
    String referrer,
    String pageUrl,
    String pageTitle) {}
