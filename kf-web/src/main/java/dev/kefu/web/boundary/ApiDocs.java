package dev.kefu.web.boundary;

/**
 * The texts the API's OpenAPI document repeats: who may call an operation, and what its common
 * refusals mean. Every operation names the roles that may call it twice, in the first sentence of
 * its description ("Roles: kf-admin.") for people, and in the extension {@value #ROLES} for tools
 * and tests; the two always agree. Errors answer in Kefu's error shape, the schema {@value #ERROR}.
 */
final class ApiDocs {

  /** The extension that names the roles that may call an operation, separated by commas. */
  static final String ROLES = "x-kefu-roles";

  /** Anyone, signed in or not. */
  static final String ANONYMOUS = "anonymous";

  /** A visitor of a site, with their token in the header {@code X-Kefu-Visitor}. */
  static final String VISITOR = "visitor";

  /** Every member of staff. */
  static final String STAFF = "kf-agent,kf-supervisor,kf-admin";

  /** Supervisors and admins. */
  static final String MANAGERS = "kf-supervisor,kf-admin";

  /** Admins of the tenant. */
  static final String ADMIN = "kf-admin";

  /** The platform operator of a multi-tenant installation. */
  static final String PLATFORM = "kf-platform";

  /** Whoever runs the installation: its admins, or the operator of a multi-tenant one. */
  static final String OPERATOR = "kf-admin,kf-platform";

  /** Every signed-in account, the platform operator's included. */
  static final String SIGNED_IN = "kf-agent,kf-supervisor,kf-admin,kf-platform";

  /** A visitor with their token, or a member of staff. */
  static final String VISITOR_OR_STAFF = "visitor,kf-agent,kf-supervisor,kf-admin";

  /** The schema of every error answer. */
  static final String ERROR = "Error";

  static final String JSON = "application/json";

  // The components' reusable responses, by name.
  static final String BAD_REQUEST = "BadRequest";
  static final String UNAUTHORIZED = "Unauthorized";
  static final String FORBIDDEN = "Forbidden";
  static final String NOT_FOUND = "NotFound";
  static final String CONFLICT = "Conflict";
  static final String TOO_LARGE = "PayloadTooLarge";
  static final String UNSUPPORTED = "UnsupportedMediaType";
  static final String TOO_MANY = "TooManyRequests";
  static final String MAIL_FAILED = "MailFailed";
  static final String BUSY = "Busy";

  // Tags, one per area of the API; what each holds is said in META-INF/openapi.yaml.
  static final String TAG_STATUS = "Status";
  static final String TAG_AUTH = "Sign-in";
  static final String TAG_CONVERSATIONS = "Conversations";
  static final String TAG_FILES = "Files";
  static final String TAG_VISITORS = "Visitors";
  static final String TAG_INBOX = "Inbox";
  static final String TAG_CANNED = "Canned replies";
  static final String TAG_HISTORY = "History and reports";
  static final String TAG_SITES = "Sites";
  static final String TAG_ROUTING = "Routing";
  static final String TAG_STAFF = "Staff";
  static final String TAG_PROTECTION = "Protection";
  static final String TAG_AUDIT = "Audit";
  static final String TAG_WEBHOOKS = "Webhooks";
  static final String TAG_OPERATION = "Operation";

  private ApiDocs() {}
}
