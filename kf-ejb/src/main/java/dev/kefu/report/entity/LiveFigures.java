package dev.kefu.report.entity;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What the dashboard shows: the tenant's service now and today so far.
 *
 * @param agentsOnline members of staff with a console open, in any status but offline
 * @param agentsAvailable those of them who take new conversations (online, or a custom status that
 *     counts as available)
 * @param visitorsOnline visitors with a page of the tenant's sites open (a widget connected)
 * @param waiting open conversations no agent has answered yet (in line, or offered to an agent)
 * @param chatting open conversations an agent has answered
 * @param today the figures of the conversations that began today in {@code zone}
 * @param zone the time zone whose day "today" is
 * @param at when the figures were read
 */
public record LiveFigures(
    long agentsOnline,
    long agentsAvailable,
    long visitorsOnline,
    long waiting,
    long chatting,
    Figures today,
    ZoneId zone,
    Instant at) {}
