package dev.kefu.admin.boundary;

import dev.kefu.history.boundary.HistoryEntry;
import dev.kefu.history.boundary.HistoryRow;
import java.io.Serializable;
import java.time.Instant;

/**
 * The history's rows and transcript lines as the page's expressions read them: Jakarta EL 5 reads
 * bean properties ({@code getX}), not the accessors of records.
 */
public final class HistoryViews {

  private HistoryViews() {}

  /** A conversation of the result table or the transcript's head. */
  public static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HistoryRow row;

    Row(HistoryRow row) {
      this.row = row;
    }

    public String getId() {
      return row.id();
    }

    public Instant getCreatedAt() {
      return row.createdAt();
    }

    public String getSiteName() {
      return row.siteName();
    }

    public String getDepartmentName() {
      return row.departmentName();
    }

    public String getAgentName() {
      return row.agentName();
    }

    public String getVisitorId() {
      return row.visitorId();
    }

    public String getVisitorName() {
      return row.visitorName();
    }

    public String getVisitorEmail() {
      return row.visitorEmail();
    }

    public String getState() {
      return row.state();
    }

    public Integer getRating() {
      return row.rating();
    }

    public String getRatingComment() {
      return row.ratingComment();
    }

    public String getFirstWords() {
      return row.firstWords();
    }
  }

  /** A line of the transcript. */
  public static final class Line implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HistoryEntry line;

    Line(HistoryEntry line) {
      this.line = line;
    }

    public String getKind() {
      return line.kind();
    }

    public Instant getAt() {
      return line.at();
    }

    public String getSender() {
      return line.sender();
    }

    public String getSenderName() {
      return line.senderName();
    }

    public String getText() {
      return line.text();
    }

    public String getFileId() {
      return line.fileId();
    }

    public String getFileName() {
      return line.fileName();
    }

    public Long getFileSize() {
      return line.fileSize();
    }
  }
}
