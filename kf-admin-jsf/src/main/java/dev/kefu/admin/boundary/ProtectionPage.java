package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.TableSort;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.protection.boundary.SensitiveWords;
import dev.kefu.protection.entity.Block;
import dev.kefu.protection.entity.SensitiveWordList;
import dev.kefu.protection.entity.WordMode;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The protection page: the tenant's blocked visitors and address ranges (listed a page at a time by
 * the database, blocked in a dialog, lifted by a button), and its sensitive words with what becomes
 * of a message that holds one. Every change is one business call, audited by the business.
 */
@Named
@ViewScoped
public class ProtectionPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ProtectionPage.class.getName());

  static final String BLOCK_FORM = "blockForm";
  static final String WORDS_FORM = "wordsForm";
  static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** The table's columns and the business's sort keys. */
  private static final Map<String, String> SORTS =
      Map.of("kind", "kind", "target", "target", "expires", "expiresAt", "created", "createdAt");

  @Inject CurrentAdmin admin;
  @Inject Blocks blocks;
  @Inject SensitiveWords sensitiveWords;

  private final LazyDataModel<BlockRow> rows = new Rows();

  private String kind = "visitor";
  private String visitorId;
  private String cidr;
  private String reason;
  private LocalDateTime expiresAt;

  private String words;
  private String mode = WordMode.MASK.wire();
  private boolean screenVisitors = true;
  private boolean screenAgents = true;

  @PostConstruct
  void load() {
    SensitiveWordList list = sensitiveWords.of(admin.tenantId());
    words = String.join("\n", list.words());
    mode = list.mode().wire();
    screenVisitors = list.screensVisitors();
    screenAgents = list.screensAgents();
  }

  public LazyDataModel<BlockRow> getRows() {
    return rows;
  }

  /** Empties the dialog for a block of {@code what} ({@code visitor} or {@code range}). */
  public void newBlock(String what) {
    kind = "range".equals(what) ? "range" : "visitor";
    visitorId = null;
    cidr = null;
    reason = null;
    expiresAt = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Saves the dialog's block; a refusal keeps the dialog open with the reason at its field. */
  public void block() {
    Instant expires = expiresAt == null ? null : expiresAt.toInstant(ZoneOffset.UTC);
    try {
      Block made =
          "range".equals(kind)
              ? blocks.blockRange(admin.actor(), cidr, reason, expires)
              : blocks.blockVisitor(admin.actor(), visitorId, reason, expires);
      ConsoleMessages.page(
          FacesMessage.SEVERITY_INFO,
          "protection.blocked",
          made.cidr() != null ? made.cidr() : made.visitorId());
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, BLOCK_FORM);
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "blocking failed", failed);
      ConsoleMessages.at(BLOCK_FORM, "common.failed");
    }
  }

  /** Lifts a block; one lifted meanwhile is simply gone. */
  public void unblock(String blockId) {
    try {
      blocks.unblock(admin.actor(), blockId);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "protection.unblocked");
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "protection.notFound");
    }
  }

  /** Saves the word list and its settings in one call; a refusal is shown at the list. */
  public void saveWords() {
    try {
      SensitiveWordList saved =
          sensitiveWords.change(
              admin.actor(),
              words == null ? List.of() : Arrays.asList(words.split("\\R")),
              WordMode.fromWire(mode),
              screenVisitors,
              screenAgents);
      words = String.join("\n", saved.words());
      ConsoleMessages.page(
          FacesMessage.SEVERITY_INFO, "protection.wordsSaved", saved.words().size());
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, WORDS_FORM);
    } catch (IllegalArgumentException wrongMode) {
      ConsoleMessages.at(WORDS_FORM + ":mode", "protection.modeInvalid");
    }
  }

  static String shown(Instant at) {
    return at == null ? null : SHOWN.format(at);
  }

  private static BlockRow row(Block block) {
    boolean visitor = block.kind() == Block.Kind.VISITOR;
    return new BlockRow(
        block.id(),
        visitor ? "visitor" : "range",
        visitor ? block.visitorId() : block.cidr(),
        block.reason().orElse(null),
        block.expiresAt().map(ProtectionPage::shown).orElse(null),
        shown(block.createdAt()));
  }

  /** The blocks table's rows: counted, sorted and paged by the database. */
  private final class Rows extends LazyDataModel<BlockRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      return (int) Math.min(Integer.MAX_VALUE, blocks.count(admin.tenantId()));
    }

    @Override
    public List<BlockRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      TableSort sort = TableSort.of(sortBy);
      return blocks
          .page(
              admin.tenantId(),
              first,
              pageSize,
              sort.fieldIn(SORTS, "createdAt"),
              sort.ascending(false))
          .stream()
          .map(ProtectionPage::row)
          .toList();
    }

    @Override
    public String getRowKey(BlockRow row) {
      return row.id();
    }

    @Override
    public BlockRow getRowData(String rowKey) {
      return getWrappedData() == null
          ? null
          : getWrappedData().stream().filter(r -> r.id().equals(rowKey)).findFirst().orElse(null);
    }
  }

  public String getKind() {
    return kind;
  }

  public String getVisitorId() {
    return visitorId;
  }

  public void setVisitorId(String visitorId) {
    this.visitorId = visitorId;
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public LocalDateTime getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(LocalDateTime expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getWords() {
    return words;
  }

  public void setWords(String words) {
    this.words = words;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public boolean isScreenVisitors() {
    return screenVisitors;
  }

  public void setScreenVisitors(boolean screenVisitors) {
    this.screenVisitors = screenVisitors;
  }

  public boolean isScreenAgents() {
    return screenAgents;
  }

  public void setScreenAgents(boolean screenAgents) {
    this.screenAgents = screenAgents;
  }
}
