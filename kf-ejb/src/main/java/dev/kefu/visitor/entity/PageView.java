package dev.kefu.visitor.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.TenantId;

/** One page a visitor opened on the site, kept for the agent's view of the visitor's trail. */
@Entity
@Table(name = "page_view")
public class PageView {

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(name = "visitor_id", nullable = false)
  private String visitorId;

  @Column(nullable = false)
  private String url;

  private String title;

  @Column(name = "viewed_at", nullable = false)
  private Instant viewedAt;

  protected PageView() {}

  /** The page the visitor is on now, as the visitor last recorded it. */
  public PageView(Visitor visitor, Instant now) {
    this.id = PublicId.ordered("p");
    this.tenantId = visitor.tenantId();
    this.visitorId = visitor.id();
    this.url = visitor.pageUrl();
    this.title = visitor.pageTitle();
    this.viewedAt = now;
  }

  public String url() {
    return url;
  }

  public String title() {
    return title;
  }

  public Instant viewedAt() {
    return viewedAt;
  }
}
