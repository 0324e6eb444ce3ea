package dev.kefu.admin.control;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.logging.Logger;

/**
 * A form posted to a page whose view the server no longer has (the session ended, the node
 * restarted, or the post was made up) opens the page afresh, as a browser would after reloading,
 * rather than answering 500 with a stack trace in the log. Nothing of the post is applied.
 */
public class ExpiredViews extends ExceptionHandlerFactory {

  private static final Logger LOG = Logger.getLogger(ExpiredViews.class.getName());

  public ExpiredViews(ExceptionHandlerFactory wrapped) {
    super(wrapped);
  }

  @Override
  public ExceptionHandler getExceptionHandler() {
    return new Handler(getWrapped().getExceptionHandler());
  }

  private static final class Handler extends ExceptionHandlerWrapper {

    Handler(ExceptionHandler wrapped) {
      super(wrapped);
    }

    @Override
    public void handle() {
      Iterator<ExceptionQueuedEvent> queued = getUnhandledExceptionQueuedEvents().iterator();
      while (queued.hasNext()) {
        Throwable failure = queued.next().getContext().getException();
        if (failure instanceof ViewExpiredException expired) {
          queued.remove();
          reopen(expired);
        }
      }
      getWrapped().handle();
    }

    private static void reopen(ViewExpiredException expired) {
      FacesContext faces = FacesContext.getCurrentInstance();
      ExternalContext external = faces.getExternalContext();
      LOG.fine(() -> "view expired, opened afresh: " + expired.getViewId());
      try {
        String page =
            external.getRequestContextPath()
                + (expired.getViewId() == null ? "/admin/" : expired.getViewId());
        external.redirect(page);
        faces.responseComplete();
      } catch (IOException | RuntimeException e) {
        throw new FacesException(e);
      }
    }
  }
}
