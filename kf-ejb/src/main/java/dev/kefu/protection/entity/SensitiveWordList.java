package dev.kefu.protection.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hibernate.annotations.TenantId;

/**
 * A tenant's sensitive words and what happens to messages that hold one. The words are kept one per
 * line, trimmed, without blank lines or repeats (compared without case); at most {@value
 * #MAX_WORDS} of at most {@value #MAX_WORD} characters each.
 */
@Entity
@Table(name = "sensitive_words")
public class SensitiveWordList {

  public static final int MAX_WORDS = 2000;
  public static final int MAX_WORD = 100;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  private String words;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private WordMode mode;

  @Column(name = "screen_visitors", nullable = false)
  private boolean screenVisitors;

  @Column(name = "screen_agents", nullable = false)
  private boolean screenAgents;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected SensitiveWordList() {}

  public SensitiveWordList(String tenantId, Instant now) {
    this.id = PublicId.next("w");
    this.tenantId = tenantId;
    this.mode = WordMode.MASK;
    this.screenVisitors = true;
    this.screenAgents = true;
    this.updatedAt = now;
  }

  /**
   * Takes a new list and its settings; {@link IllegalArgumentException} for a word too long or too
   * many words, with nothing changed.
   */
  public void change(
      List<String> words,
      WordMode mode,
      boolean screenVisitors,
      boolean screenAgents,
      Instant now) {
    List<String> tidy = tidy(words);
    this.words = tidy.isEmpty() ? null : String.join("\n", tidy);
    this.mode = mode;
    this.screenVisitors = screenVisitors;
    this.screenAgents = screenAgents;
    this.updatedAt = now;
  }

  /** The words trimmed, without blanks or repeats; refused when too long or too many. */
  public static List<String> tidy(List<String> words) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> tidy = new ArrayList<>();
    for (String word : words == null ? List.<String>of() : words) {
      String w = word == null ? "" : word.strip();
      if (w.isEmpty() || !seen.add(w.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (w.codePointCount(0, w.length()) > MAX_WORD) {
        throw new IllegalArgumentException(
            "a word is at most " + MAX_WORD + " characters: " + w.substring(0, 20) + "…");
      }
      tidy.add(w);
    }
    if (tidy.size() > MAX_WORDS) {
      throw new IllegalArgumentException("at most " + MAX_WORDS + " words");
    }
    return tidy;
  }

  public String tenantId() {
    return tenantId;
  }

  public List<String> words() {
    return words == null ? List.of() : List.of(words.split("\n"));
  }

  public WordMode mode() {
    return mode;
  }

  public boolean screensVisitors() {
    return screenVisitors;
  }

  public boolean screensAgents() {
    return screenAgents;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
