package dev.kefu.agent.boundary;

import dev.kefu.agent.entity.AgentStatus;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A single node that starts holds no agent connections, so nobody it knows can be online: agents
 * left online by a crash or a kill are set offline, and conversations are not assigned to a console
 * that is not there. Agents come online again when their console reconnects and says so. In a
 * cluster ({@code kf.cluster.redis.url} set) other nodes may hold live consoles, so this is left to
 * cluster presence.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class PresenceAtStart {

  private static final Logger LOG = Logger.getLogger(PresenceAtStart.class.getName());

  @PersistenceContext private EntityManager em;

  @Inject
  @ConfigProperty(name = "kf.cluster.redis.url")
  private Optional<String> clusterRedis;

  @PostConstruct
  void nobodyIsOnlineYet() {
    if (clusterRedis.filter(url -> !url.isBlank()).isPresent()) {
      return;
    }
    int reset =
        em.createQuery("update Agent a set a.status = :offline where a.status <> :offline")
            .setParameter("offline", AgentStatus.OFFLINE)
            .executeUpdate();
    if (reset > 0) {
      LOG.info(() -> reset + " agents left online by the last run are now offline");
    }
  }
}
