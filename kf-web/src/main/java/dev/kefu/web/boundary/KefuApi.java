package dev.kefu.web.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, version 1, under {@code /api/v1}. */
@ApplicationPath("api/v1")
public class KefuApi extends Application {}
