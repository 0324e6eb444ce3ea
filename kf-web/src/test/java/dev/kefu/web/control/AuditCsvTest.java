package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.audit.entity.AuditEvent;
import dev.kefu.audit.entity.Source;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

  @Test
  void plainValuesStayAsTheyAre() {
    assertThat(AuditCsv.cell("signin.failure")).isEqualTo("signin.failure");
    assertThat(AuditCsv.cell("客服 admin")).isEqualTo("客服 admin");
    assertThat(AuditCsv.cell(null)).isEmpty();
    assertThat(AuditCsv.cell("")).isEmpty();
  }

  @Test
  void commasQuotesAndLineBreaksAreQuoted() {
    assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(AuditCsv.cell("cr\rlf")).isEqualTo("\"cr\rlf\"");
    assertThat(AuditCsv.cell("{\"before\":{\"greeting\":\"a\"}}"))
        .isEqualTo("\"{\"\"before\"\":{\"\"greeting\"\":\"\"a\"\"}}\"");
  }

  @Test
  void whatASpreadsheetWouldTakeForAFormulaGetsALeadingApostrophe() {
    assertThat(AuditCsv.cell("=1+1")).isEqualTo("'=1+1");
    assertThat(AuditCsv.cell("+86 10 1234")).isEqualTo("'+86 10 1234");
    assertThat(AuditCsv.cell("-2+3")).isEqualTo("'-2+3");
    assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(AuditCsv.cell("\t=cmd")).isEqualTo("'\t=cmd");
    assertThat(AuditCsv.cell("\r=cmd")).isEqualTo("\"'\r=cmd\"");
    assertThat(AuditCsv.cell("=HYPERLINK(\"http://x\",\"y\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
  }

  @Test
  void theTableStartsWithAByteOrderMarkAndEndsLinesWithCrLf() throws IOException {
    StringWriter out = new StringWriter();
    AuditCsv csv = new AuditCsv(out);
    csv.begin();
    csv.write(
        new AuditEvent(
            new Actor(null, "=evil", ActorType.ANONYMOUS, "203.0.113.7", Source.API),
            Action.SIGNIN_FAILURE,
            null,
            null,
            "{\"failures\":1}",
            Instant.parse("2026-11-01T08:00:00.123456Z")));
    String[] lines = out.toString().split("\r\n", -1);
    assertThat(lines[0])
        .isEqualTo(
            "\uFEFFat,tenant_id,actor,actor_type,action,object_type,object_id,ip,source,detail,id");
    assertThat(lines[1])
        .startsWith(
            "2026-11-01T08:00:00.123456Z,,'=evil,anonymous,signin.failure,,,203.0.113.7,api,"
                + "\"{\"\"failures\"\":1}\",e-");
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
  }
}
