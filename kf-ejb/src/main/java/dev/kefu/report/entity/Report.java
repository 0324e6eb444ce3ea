package dev.kefu.report.entity;

import java.util.List;

/**
 * A report: its period, what its rows are, the rows in order (every hour and every day of the
 * period, even without conversations; agents and departments by name) and the whole period's
 * figures.
 */
public record Report(ReportPeriod period, Grouping grouping, List<Figures> rows, Figures total) {}
