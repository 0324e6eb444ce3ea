package dev.kefu.conversation.boundary;

import dev.kefu.visitor.boundary.PageViewed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Hands each page a visitor views to {@link VisitorPages}, in the transaction that noted it. */
@ApplicationScoped
public class PageTriggers {

  @Inject private VisitorPages pages;

  void viewed(@Observes PageViewed viewed) {
    pages.pageViewed(viewed);
  }
}
