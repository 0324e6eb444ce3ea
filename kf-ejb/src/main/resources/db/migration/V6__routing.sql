-- Kefu schema, version 6: the routing engine. Custom agent statuses of a tenant, skills of agents,
-- each department's strategy, offer timeout and business hours, routing rules per site, and what a
-- conversation needs and has been offered.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

-- A status a tenant defines beside online / away / offline ("Lunch", "Training", "Phone").
-- available: whether an agent in it is given new conversations, as if online.
CREATE TABLE agent_status (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  name VARCHAR(100) NOT NULL,
  available BOOLEAN NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_agent_status_name UNIQUE (tenant_id, name),
  CONSTRAINT fk_agent_status_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ${table_options};

-- agent.status is CUSTOM while the agent is in one of the tenant's statuses (custom_status_id).
-- skills: comma-separated lower-case tags ("billing,vip,ja").
ALTER TABLE agent ADD COLUMN custom_status_id VARCHAR(40);
ALTER TABLE agent ADD COLUMN skills VARCHAR(1000) DEFAULT '' NOT NULL;

-- Round-robin takes the member who was given a conversation of the department longest ago.
ALTER TABLE department_member ADD COLUMN last_assigned_at DATETIME(6);

-- strategy: LEAST_BUSY or ROUND_ROBIN. offer_seconds: how long an assigned conversation waits for
-- its agent's first answer before it is offered to another (null: the installation's default).
-- time_zone, weekly_hours and holidays: business hours; weekly_hours null means always open.
-- weekly_hours reads "mon 09:00-12:00 13:00-18:00; tue 09:00-18:00", holidays "2026-12-25,...".
ALTER TABLE department ADD COLUMN strategy VARCHAR(16) DEFAULT 'LEAST_BUSY' NOT NULL;
ALTER TABLE department ADD COLUMN offer_seconds INT;
ALTER TABLE department ADD COLUMN time_zone VARCHAR(64);
ALTER TABLE department ADD COLUMN weekly_hours VARCHAR(1000);
ALTER TABLE department ADD COLUMN holidays VARCHAR(4000);

-- The rules that choose a conversation's department, per site, tried in position order after the
-- visitor's pre-chat choice; none matching: the site's default department.
-- kind: URL (pattern is a glob over the page URL) or LANGUAGE (pattern is a language tag prefix).
CREATE TABLE routing_rule (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  site_id VARCHAR(40) NOT NULL,
  position INT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  pattern VARCHAR(500) NOT NULL,
  department_id VARCHAR(40) NOT NULL,
  required_skill VARCHAR(64),
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_routing_rule_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_routing_rule_site FOREIGN KEY (site_id) REFERENCES site (id),
  CONSTRAINT fk_routing_rule_department FOREIGN KEY (department_id) REFERENCES department (id)
) ${table_options};
CREATE INDEX ix_routing_rule_site ON routing_rule (site_id, position);

-- required_skill: only agents with this skill may take the conversation.
-- offered_at: when the current agent was given it, until they first answer (then null).
-- declined_by: comma-separated agents who let an offer time out; it is not offered to them again.
ALTER TABLE conversation ADD COLUMN required_skill VARCHAR(64);
ALTER TABLE conversation ADD COLUMN offered_at DATETIME(6);
ALTER TABLE conversation ADD COLUMN declined_by VARCHAR(2000) DEFAULT '' NOT NULL;
CREATE INDEX ix_conversation_offer ON conversation (state, offered_at);
