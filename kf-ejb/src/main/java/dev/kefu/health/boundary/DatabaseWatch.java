package dev.kefu.health.boundary;

import dev.kefu.health.control.DatabaseProbe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the database every {@code kf.health.check-seconds} whether it answers, whether or not anyone
 * polls the health endpoints, so that an embedded database that closed under the node is noticed
 * within seconds ({@link NodeHealth}) even on a quiet night. {@code 0} switches it off.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DatabaseWatch {

  @Resource TimerService timers;
  @Inject DatabaseProbe database;

  @Inject
  @ConfigProperty(name = "kf.health.check-seconds", defaultValue = "10")
  int checkSeconds;

  @PostConstruct
  void start() {
    if (checkSeconds > 0) {
      long interval = checkSeconds * 1000L;
      timers.createIntervalTimer(interval, interval, new TimerConfig("database watch", false));
    }
  }

  @Timeout
  void check() {
    database.problem();
  }
}
