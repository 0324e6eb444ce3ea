package dev.kefu.web.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What transcript downloads may cost a node, so that abuse costs the abuser: one download at a time
 * per visitor (another answers 429), at most {@code kf.transcript.max-concurrent} at a time on the
 * node (beyond that 503), and none longer than {@code kf.transcript.max-seconds}: the transcript of
 * a client that reads too slowly ends there, with a line that says so. Each download holds one page
 * of messages at a time; a client that stops reading holds that page and the request's thread until
 * the server's write timeout fails the write.
 */
@ApplicationScoped
public class TranscriptDownloads {

  /** Seconds a refused client is told to wait before it asks again. */
  static final int RETRY_AFTER_SECONDS = 10;

  private static final Logger LOG = Logger.getLogger(TranscriptDownloads.class.getName());

  @Inject
  @ConfigProperty(name = "kf.transcript.max-concurrent", defaultValue = "8")
  int maxConcurrent;

  @Inject
  @ConfigProperty(name = "kf.transcript.max-seconds", defaultValue = "120")
  int maxSeconds;

  private final Set<String> visitors = ConcurrentHashMap.newKeySet();
  private Semaphore slots;

  @PostConstruct
  void init() {
    slots = new Semaphore(Math.max(1, maxConcurrent));
  }

  /**
   * A download for this visitor, to be closed when it ends; refused (429) while the visitor has one
   * under way, and (503) while the node serves as many as it may.
   */
  public Download start(String visitorId) {
    if (!visitors.add(visitorId)) {
      LOG.fine(() -> "transcript download refused: one of visitor " + visitorId + " under way");
      throw new Refused(
          429, "too_many_requests", "a transcript download of this visitor is under way");
    }
    if (!slots.tryAcquire()) {
      visitors.remove(visitorId);
      LOG.fine("transcript download refused: the node serves as many as it may");
      throw new Refused(503, "busy", "too many transcript downloads at once; try again shortly");
    }
    return new Download(visitorId, System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds));
  }

  /**
   * A download not started: {@code status} 429 ({@code too_many_requests}) or 503 ({@code busy}),
   * to be asked again after {@link #retryAfterSeconds()}.
   */
  public static final class Refused extends RuntimeException {
    private final int status;
    private final String code;

    Refused(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }

    public int retryAfterSeconds() {
      return RETRY_AFTER_SECONDS;
    }
  }

  /** One download under way; closing it (more than once is harmless) frees its place. */
  public final class Download implements AutoCloseable {

    private final String visitorId;
    private final long deadline;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Download(String visitorId, long deadline) {
      this.visitorId = visitorId;
      this.deadline = deadline;
    }

    /** Whether the download has taken longer than it may, and is to end where it is. */
    public boolean overdue() {
      return System.nanoTime() - deadline >= 0;
    }

    /** How long a download may take. */
    public int maxSeconds() {
      return maxSeconds;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        slots.release();
        visitors.remove(visitorId);
      }
    }
  }
}
