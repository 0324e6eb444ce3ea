package dev.kefu.events;

import java.util.List;

/**
 * A conversation closed with nobody having answered it. {@code supervisorIds} are the agents to
 * tell: the supervisors of its department and the admins of its tenant.
 */
public record ConversationMissed(
    String conversationId, String departmentId, List<String> supervisorIds) implements KefuEvent {}
