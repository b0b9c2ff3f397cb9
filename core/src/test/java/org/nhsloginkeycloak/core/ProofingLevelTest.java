package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProofingLevelTest {

    @Test
    void levelsAreOrderedP0BelowP5BelowP9() {
        assertThat(ProofingLevel.P0).isLessThan(ProofingLevel.P5);
        assertThat(ProofingLevel.P5).isLessThan(ProofingLevel.P9);
        assertThat(ProofingLevel.P9.isAtLeast(ProofingLevel.P5)).isTrue();
        assertThat(ProofingLevel.P5.isAtLeast(ProofingLevel.P5)).isTrue();
        assertThat(ProofingLevel.P0.isAtLeast(ProofingLevel.P5)).isFalse();
    }

    @Test
    void parsesTheWireForm() {
        assertThat(ProofingLevel.parse("P0")).isEqualTo(ProofingLevel.P0);
        assertThat(ProofingLevel.parse("P5")).isEqualTo(ProofingLevel.P5);
        assertThat(ProofingLevel.parse("P9")).isEqualTo(ProofingLevel.P9);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"p5", "P3", "P6", "P 5", " P5", "5", "P05", "P9\n"})
    void refusesAnythingElseNamingTheAcceptedValues(String value) {
        assertThatThrownBy(() -> ProofingLevel.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one of P0, P5, P9");
        assertThat(ProofingLevel.find(value)).isEmpty();
    }

    @Test
    void errorMessageEscapesControlCharactersAndShortensLongInput() {
        assertThatThrownBy(() -> ProofingLevel.parse("P9\nforged log line"))
                .hasMessageContaining("\"P9\\u000aforged log line\"");
        assertThatThrownBy(() -> ProofingLevel.parse("P9\u0085\u2028\u2029"))
                .hasMessageContaining("\"P9\\u0085\\u2028\\u2029\"");
        assertThatThrownBy(() -> ProofingLevel.parse("P".repeat(5000)))
                .hasMessageContaining("...\"")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
    }
}
