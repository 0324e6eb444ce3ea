package dev.kefu.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * A MariaDB database and an account with a password that belong to one test run, made as the
 * deployment guide tells operators to make Kefu's, and dropped afterwards.
 */
final class MariaDbDatabase {

  // Made without a host name, the account would not match local socket connections.
  private static final String[] HOSTS = {"%", "localhost"};

  final String name;
  final String user;
  final String password;
  private final String serverUrl;
  private final String adminUser;
  private final String adminPassword;

  /**
   * @param serverUrl the server, without a database: {@code jdbc:mariadb://127.0.0.1:3306/}
   */
  MariaDbDatabase(String serverUrl, String adminUser, String adminPassword) {
    String run =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
            + "_"
            + UUID.randomUUID().toString().substring(0, 6);
    this.name = "kf_ear_it_" + run;
    this.user = "kf_ear_it_" + run;
    // With characters that asadmin and Java property files treat specially, to prove the setup
    // script passes any password through unharmed.
    this.password = UUID.randomUUID() + ":=\\$";
    this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  /** The URL Kefu is given, without the account. */
  String url() {
    return serverUrl + name;
  }

  void create() {
    execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    for (String host : HOSTS) {
      execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + quoted(password) + "'");
      execute("GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + user + "'@'" + host + "'");
    }
  }

  /** Drops what {@link #create()} made, as far as it got. */
  void drop() {
    execute("DROP DATABASE IF EXISTS `" + name + "`");
    for (String host : HOSTS) {
      execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
    }
  }

  private void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection(serverUrl, adminUser, emptyAsNull(adminPassword));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("MariaDB at " + serverUrl + " refused: " + e.getMessage(), e);
    }
  }

  private static String quoted(String literal) {
    return literal.replace("\\", "\\\\").replace("'", "''");
  }

  private static String emptyAsNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
