package dev.kefu.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archive under test: the standalone WAR exactly as it is shipped. */
final class Deployments {

  private Deployments() {}

  static WebArchive standaloneWar() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("kf.it.war")));
  }
}
