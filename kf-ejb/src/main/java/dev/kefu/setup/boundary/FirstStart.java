package dev.kefu.setup.boundary;

import dev.kefu.agent.boundary.FirstAdmin;
import dev.kefu.setup.entity.Setting;
import dev.kefu.shared.Clock;
import dev.kefu.shared.PublicId;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.Tenant;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives an empty installation what it needs to be used at once: a tenant, a department, a site
 * whose widget the demo page embeds, and the first admin (user {@code admin}), who also answers
 * chats. The admin's password comes from {@code KF_ADMIN_PASSWORD}, or is generated and printed
 * this once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class FirstStart {

  /** The file of the data directory that hands a generated password to {@code bin/kefu-server}. */
  public static final String PASSWORD_FILE = "first-admin-password";

  static final String SEEDED = "seeded";
  private static final Logger LOG = Logger.getLogger(FirstStart.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private Clock clock;

  @Inject
  @ConfigProperty(name = "kf.admin.password")
  private Optional<String> adminPassword;

  @Inject
  @ConfigProperty(name = "kf.data.dir")
  private Optional<String> dataDir;

  @Inject
  @ConfigProperty(name = "kf.http.port", defaultValue = "8080")
  private int httpPort;

  @Inject
  @ConfigProperty(name = "kf.demo.origins") // comma-separated
  private Optional<String> demoOrigins;

  @PostConstruct
  void seedEmptyInstallation() {
    if (em.find(Setting.class, SEEDED) != null) {
      return;
    }
    // The primary key makes a second node starting at the same moment fail here and roll back.
    em.persist(new Setting(SEEDED, clock.now().toString()));
    em.flush();
    Instant now = clock.now();
    Tenant tenant = new Tenant("Default", now);
    em.persist(tenant);
    Department department = new Department(tenant.id(), "Support / 客服部", now);
    em.persist(department);
    Site site = new Site(tenant.id(), "Demo site", department, now);
    site.changeGreeting("您好，请问有什么可以帮您？ Hello, how can we help you?");
    site.allowOrigins(defaultOrigins());
    em.persist(site);

    boolean generated = adminPassword.filter(p -> !p.isBlank()).isEmpty();
    String password = generated ? PublicId.randomToken(12) : adminPassword.get();
    FirstAdmin.create(
        em, tenant.id(), department.id(), "admin", "Admin", password.toCharArray(), now);
    LOG.info(
        () ->
            "first start: created tenant, department, site " + site.siteKey() + " and user admin");
    if (generated) {
      handOver(password);
    }
  }

  /**
   * The generated password goes to the one who starts the server, and no further: into a file of
   * the data directory that only its owner reads, which {@code bin/kefu-server} shows once and
   * deletes, so that the server's log never holds it. Without a data directory (the EAR on an
   * application server), or when the file cannot be written, the log says it once: it is the only
   * way into a new installation.
   */
  private void handOver(String password) {
    Optional<Path> file = dataDir.filter(d -> !d.isBlank()).map(d -> Path.of(d, PASSWORD_FILE));
    if (file.isPresent()) {
      try {
        Files.deleteIfExists(file.get());
        Files.createFile(
            file.get(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file.get(), password + "\n", StandardCharsets.UTF_8);
        LOG.warning(
            "Kefu first start: the admin's password was generated into "
                + file.get()
                + " (readable by its owner only); bin/kefu-server shows it once and deletes the"
                + " file. Set KF_ADMIN_PASSWORD to choose one.");
        return;
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        LOG.warning("the generated password could not be written to " + file.get() + ": " + e);
      }
    }
    LOG.warning(
        "\n==================================================================\n"
            + "  Kefu first start. Sign in as:  admin / "
            + password
            + "\n  This password is shown only now. Set KF_ADMIN_PASSWORD to choose one.\n"
            + "==================================================================");
  }

  private List<String> defaultOrigins() {
    Set<String> origins = new LinkedHashSet<>();
    origins.add("http://127.0.0.1:" + httpPort);
    origins.add("http://localhost:" + httpPort);
    demoOrigins.ifPresent(list -> origins.addAll(List.of(list.split("[,\\s]+"))));
    return List.copyOf(origins);
  }
}
