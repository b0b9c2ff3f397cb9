package org.nhsloginkeycloak.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OperatorMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

    @Test
    void aWellFormedMessageIsReadAndStoredAndReadBack() {
        OperatorMessage message = OperatorMessage.parse("""
                {"en": "Planned work tonight", "cy": "Gwaith wedi''i gynllunio heno", "severity": "warning",
                 "expires": "2026-11-24T18:00:00Z"}""", NOW);

        assertThat(message.severity()).isEqualTo(OperatorMessage.Severity.WARNING);
        assertThat(message.text("cy")).startsWith("Gwaith");
        assertThat(message.text("en-GB")).isEqualTo("Planned work tonight");
        assertThat(message.activeAt(NOW)).isTrue();
        assertThat(message.activeAt(Instant.parse("2026-11-24T18:00:00Z"))).isFalse();
        assertThat(OperatorMessage.stored(message.toJson())).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json|not json at all|The body is not JSON",
        "an array|[]|JSON object",
        "no english|{\"cy\":\"x\",\"severity\":\"info\",\"expires\":\"2026-11-24T18:00:00Z\"}|en is required",
        "blank welsh|{\"en\":\"x\",\"cy\":\" \",\"severity\":\"info\",\"expires\":\"2026-11-24T18:00:00Z\"}|cy is required",
        "bad severity|{\"en\":\"x\",\"cy\":\"y\",\"severity\":\"red\",\"expires\":\"2026-11-24T18:00:00Z\"}|severity must be info or warning",
        "bad time|{\"en\":\"x\",\"cy\":\"y\",\"severity\":\"info\",\"expires\":\"tomorrow\"}|ISO 8601",
        "past|{\"en\":\"x\",\"cy\":\"y\",\"severity\":\"info\",\"expires\":\"2026-11-24T08:00:00Z\"}|in the future",
        "too far|{\"en\":\"x\",\"cy\":\"y\",\"severity\":\"info\",\"expires\":\"2026-12-24T08:00:00Z\"}|within 7 days",
        "extra field|{\"en\":\"x\",\"cy\":\"y\",\"severity\":\"info\",\"expires\":\"2026-11-24T18:00:00Z\",\"html\":true}|Unknown field 'html'",
    })
    void aMalformedRequestIsRefusedWithAReason(String what, String body, String reason) {
        assertThatThrownBy(() -> OperatorMessage.parse(body, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aMessageLongerThanABannerIsRefused() {
        String body = "{\"en\":\"" + "a".repeat(501) + "\",\"cy\":\"y\",\"severity\":\"info\","
                + "\"expires\":\"2026-11-24T18:00:00Z\"}";

        assertThatThrownBy(() -> OperatorMessage.parse(body, NOW)).hasMessageContaining("500 characters or fewer");
    }

    @Test
    void aStoredValueThatIsNotOneOfOursIsIgnored() {
        assertThat(OperatorMessage.stored("{\"en\":1}")).isNull();
        assertThat(OperatorMessage.stored(null)).isNull();
    }
}
