package dev.kefu.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tenants page reads the tenants API's answer to an import, whatever came back. */
class ImportAnswerTest {

  @Test
  void anImportAnswersItsTenantWithTheRowsOfAllTablesAndTheFiles() {
    ImportAnswer answer =
        ImportAnswer.of(
            "201",
            "{\"tenantId\":\"t-1\",\"rows\":{\"tenant\":1,\"agent\":3,\"message\":120},"
                + "\"files\":4}");

    assertThat(answer.imported()).isTrue();
    assertThat(answer.tenantId()).isEqualTo("t-1");
    assertThat(answer.rows()).isEqualTo(124);
    assertThat(answer.files()).isEqualTo(4);
  }

  @Test
  void aRefusalAnswersItsCodeAndReason() {
    ImportAnswer answer =
        ImportAnswer.of(
            "409", "{\"error\":\"tenant_exists\",\"message\":\"this installation has it\"}");

    assertThat(answer.imported()).isFalse();
    assertThat(answer.code()).isEqualTo("tenant_exists");
    assertThat(answer.message()).isEqualTo("this installation has it");
  }

  @Test
  void anEndedSessionIsToldApart() {
    assertThat(ImportAnswer.of("401", "{\"error\":\"unauthorized\"}").code())
        .isEqualTo(ImportAnswer.SIGNED_OUT);
  }

  @Test
  void noAnswerOrOneThatIsNotJsonIsAFailure() {
    assertThat(ImportAnswer.of("0", "").code()).isEqualTo(ImportAnswer.FAILED);
    assertThat(ImportAnswer.of("500", "<html>broken</html>").code()).isEqualTo(ImportAnswer.FAILED);
    assertThat(ImportAnswer.of("201", "[]").code()).isEqualTo(ImportAnswer.FAILED);
    assertThat(ImportAnswer.of(null, null).code()).isEqualTo(ImportAnswer.FAILED);
    assertThat(ImportAnswer.of("abc", "{}").code()).isEqualTo(ImportAnswer.FAILED);
  }

  @Test
  void aCodeThatIsNotOneIsNotTakenForOne() {
    assertThat(ImportAnswer.of("400", "{\"error\":\"rule.x}\"}").code())
        .isEqualTo(ImportAnswer.FAILED);
  }
}
