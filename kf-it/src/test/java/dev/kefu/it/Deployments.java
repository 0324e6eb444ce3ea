package dev.kefu.it;

import dev.kefu.it.fixture.TestFixture;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive under test: the standalone WAR exactly as it is shipped. */
final class Deployments {

  private Deployments() {}

  /** The shipped WAR plus the test fixture ({@code /api/v1/it}, for admins only). */
  static WebArchive standaloneWarWithFixture() {
    return standaloneWar().addPackage(TestFixture.class.getPackage());
  }

  static WebArchive standaloneWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("kf.it.war")));
  }
}
