package dev.kefu.agent.boundary;

/**
 * The agent may take more conversations now: they came online, took a status that counts as
 * available, or were given more capacity or another skill. Fired in the transaction that changed
 * the agent, after the change is flushed and while the caller holds the locks of the agent's
 * departments ({@link Memberships#lockDepartmentsOf}); observed synchronously in that transaction
 * (routing fills the agent's free places from the queues). Not an event for the edge.
 */
public record AgentReady(String agentId) {}
