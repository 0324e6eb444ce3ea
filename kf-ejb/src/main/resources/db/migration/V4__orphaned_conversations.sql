-- Kefu schema, version 4: conversations of an agent whose consoles are all gone are handed on.
-- agent.disconnected_at is when the agent's last console connection closed (null while one is
-- open); after the department's grace period (agent_grace_seconds, or the installation's default
-- when null) their assigned conversations go back to the queue and on to another agent.
-- Written once for MariaDB and for H2 in MariaDB mode.

ALTER TABLE agent ADD COLUMN disconnected_at DATETIME(6);
ALTER TABLE department ADD COLUMN agent_grace_seconds INT;
