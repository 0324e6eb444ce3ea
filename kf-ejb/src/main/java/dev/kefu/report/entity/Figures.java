package dev.kefu.report.entity;

/**
 * The figures of one row of a report (an hour, a day, an agent, a department or the whole period)
 * over the conversations that began in the report's period. Times are in seconds; a median, 90th
 * percentile or average is null where no conversation had the time measured.
 *
 * <ul>
 *   <li>{@code conversations}: every conversation that began; {@code answered}: those an agent
 *       wrote in; {@code ended}: those closed (answered or missed); {@code missed}: those that
 *       closed before any agent answered or took them.
 *   <li>Wait: from the start of the conversation to the moment an agent had it (assigned, or
 *       answered if that came first); for a missed conversation, until it closed. Over {@code
 *       waited} conversations.
 *   <li>First response: from the start to the first agent's message, over {@code answered}.
 *   <li>Handle time: from the moment an agent had it to its close, over {@code handled}.
 *   <li>Satisfaction: {@code rated} conversations, {@code good} (4 or 5 stars), {@code bad} (1 or
 *       2) and the sum of the stars.
 * </ul>
 *
 * @param key the row's key: {@code 0}..{@code 23}, a date {@code 2026-11-01}, an agent or
 *     department id, empty for conversations no agent took, {@code all} for the whole period
 * @param label what people read for the key: the agent's or department's name, else the key
 */
public record Figures(
    String key,
    String label,
    long conversations,
    long answered,
    long ended,
    long missed,
    long waited,
    Double waitMedian,
    Double waitP90,
    Double firstResponseMedian,
    Double firstResponseP90,
    long handled,
    Double handleMedian,
    Double handleP90,
    Double handleAverage,
    long rated,
    long good,
    long bad,
    long stars) {

  /** A row without any conversation. */
  public static Figures none(String key, String label) {
    return new Figures(
        key, label, 0, 0, 0, 0, 0, null, null, null, null, 0, null, null, null, 0, 0, 0, 0);
  }

  /** The share of the ended conversations that were missed, 0 to 1; null when none ended. */
  public Double missedRate() {
    return ended == 0 ? null : (double) missed / ended;
  }

  /** The share of the ratings that were good (4 or 5 stars), 0 to 1; null without ratings. */
  public Double goodShare() {
    return rated == 0 ? null : (double) good / rated;
  }

  /** The average of the stars given, 1 to 5; null without ratings. */
  public Double averageScore() {
    return rated == 0 ? null : (double) stars / rated;
  }

  /** The same figures under another label. */
  public Figures labelled(String newLabel) {
    return new Figures(
        key,
        newLabel,
        conversations,
        answered,
        ended,
        missed,
        waited,
        waitMedian,
        waitP90,
        firstResponseMedian,
        firstResponseP90,
        handled,
        handleMedian,
        handleP90,
        handleAverage,
        rated,
        good,
        bad,
        stars);
  }
}
