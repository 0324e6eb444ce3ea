import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Signs in to the database that bin/kefu-server was given, before the application server boots,
 * so that a database that is down or refuses the account stops the start in seconds with one
 * sentence instead of a failed deployment half a minute later.
 *
 * <pre>java -cp mariadb-java-client.jar DatabaseCheck.java</pre>
 *
 * Reads KF_DB_URL, KF_DB_USER (kefu) and KF_DB_PASSWORD from the environment, never from the
 * command line, where others could read the password. Prints one sentence when it fails and exits
 * with the status bin/kefu-server ends with: 5 when the database cannot be reached or used (no
 * such database, say), 6 when it refuses the user or the password; 0 when a connection opened.
 */
public final class DatabaseCheck {

  private static final int UNREACHABLE = 5;
  private static final int REFUSED = 6;

  private DatabaseCheck() {}

  public static void main(String[] args) {
    String url = System.getenv("KF_DB_URL");
    String user = System.getenv().getOrDefault("KF_DB_USER", "kefu");
    String password = System.getenv().getOrDefault("KF_DB_PASSWORD", "");
    Properties account = new Properties();
    account.setProperty("user", user);
    if (!password.isEmpty()) {
      account.setProperty("password", password);
    }
    if (!url.contains("connectTimeout")) {
      account.setProperty("connectTimeout", "5000");
    }
    String where = url.replaceFirst("\\?.*", "");
    try (Connection connection = DriverManager.getConnection(url, account)) {
      System.exit(0);
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String why = message(e);
      if (state.equals("28000") || e.getErrorCode() == 1045) {
        System.out.println(
            "MariaDB at " + where + " refused the user '" + user + "' or its password (" + why
                + "); check KF_DB_USER and KF_DB_PASSWORD");
        System.exit(REFUSED);
      }
      if (e.getErrorCode() == 1049) {
        System.out.println(
            "MariaDB at " + where + " has no such database (" + why
                + "); create it, or add createDatabaseIfNotExist=true to KF_DB_URL");
      } else if (state.startsWith("08")) {
        System.out.println(
            "Kefu cannot reach its database at " + where + " (" + why
                + "); check that MariaDB runs there and KF_DB_URL");
      } else {
        System.out.println("Kefu cannot use its database at " + where + " (" + why + ")");
      }
      System.exit(UNREACHABLE);
    }
  }

  /** The driver's own sentence, without its connection number. */
  private static String message(SQLException e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    return text.replaceFirst("^\\(conn=\\d+\\) ", "").replaceAll("\\s+", " ").trim();
  }
}
