package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VectorsOfTrustTest {

    @Test
    void parsesTheUrlDecodedParameterFromTheInterfaceSpecification() {
        String onTheWire = "%5B%22P9.Cp.Cd%22%2C%22P9.Cm%22%5D";
        VectorsOfTrust vtr = VectorsOfTrust.parseJson(URLDecoder.decode(onTheWire, StandardCharsets.UTF_8));
        assertThat(vtr.vectors()).extracting(Object::toString).containsExactly("P9.Cp.Cd", "P9.Cm");
        assertThat(vtr.toJson()).isEqualTo("[\"P9.Cp.Cd\",\"P9.Cm\"]");
    }

    @Test
    void toleratesJsonWhitespaceAndRepeatsButKeepsTheOrder() {
        VectorsOfTrust vtr = VectorsOfTrust.parseJson(" [ \"P5.Cp.Cd\" ,\n\"P5.Cm\", \"P5.Cp.Cd\" ] ");
        assertThat(vtr).isEqualTo(VectorsOfTrust.of("P5.Cp.Cd", "P5.Cm"));
    }

    @Test
    void theDefaultIsNhsLoginsP9Set() {
        assertThat(VectorsOfTrust.NHS_LOGIN_DEFAULT.toJson()).isEqualTo("[\"P9.Cp.Cd\",\"P9.Cp.Ck\",\"P9.Cm\"]");
        assertThat(VectorsOfTrust.NHS_LOGIN_DEFAULT.lowestLevel()).isEqualTo(ProofingLevel.P9);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void refusesAnEmptyParameter(String vtr) {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(vtr))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[\"P9.Cp.Cd\"",                      // unterminated
            "[\"P9.Cp.Cd\",]",                    // trailing comma
            "['P9.Cp.Cd']",                       // single quotes
            "[”P9.Cp.Cd”]",                       // the Interface Specification's typographic quotes
            "[P9.Cp.Cd]",                         // bare words
            "[\"P9.Cp.Cd\" \"P9.Cm\"]",           // missing comma
            "%5B%22P9.Cp.Cd%22%5D",               // still URL-encoded
    })
    void refusesTextThatIsNotJson(String vtr) {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(vtr))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessageMatching("vtr (is not valid JSON|must be a JSON array).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"P9.Cp.Cd\"", "P9.Cp.Cd", "{\"vtr\":[\"P9.Cp.Cd\"]}", "42", "null", "true"})
    void refusesJsonThatIsNotAnArray(String vtr) {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(vtr))
                .isInstanceOf(InvalidVectorOfTrustException.class)
                .hasMessageMatching("vtr (must be a JSON array of strings|is not valid JSON).*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\"P9.Cp.Cd\",5]                  | vtr entry 2 is not a string",
            "[null]                            | vtr entry 1 is not a string",
            "[[\"P9.Cp.Cd\"]]                  | vtr entry 1 is not a string",
            "[{\"P\":\"P9\"}]                  | vtr entry 1 is not a string",
            "[true]                            | vtr entry 1 is not a string",
    })
    void refusesEntriesThatAreNotStrings(String vtr, String expected) {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(vtr)).hasMessageStartingWith(expected);
    }

    @Test
    void refusesAnEmptyArray() {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson("[]")).hasMessageContaining("at least one vector");
        assertThatThrownBy(VectorsOfTrust::of).hasMessageContaining("At least one vector");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\"P9.Cp.Cd\",\"P3.Cp\"]  | vtr entry 2: Vector of trust \"P3.Cp\" has unknown proofing level",
            "[\"P9.Cp.Xx\"]            | vtr entry 1: Vector of trust \"P9.Cp.Xx\" has unknown component \"Xx\"",
            "[\"\"]                    | vtr entry 1: A vector of trust must not be empty",
            "[\"P9.Cd\"]               | vtr entry 1: Vector of trust \"P9.Cd\" does not combine credentials",
    })
    void refusesInvalidVectorsSayingWhichEntry(String vtr, String expected) {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(vtr)).hasMessageStartingWith(expected);
    }

    @Test
    void refusesContentAfterTheArray() {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson("[\"P9.Cp.Cd\"] [\"P0.Cp\"]"))
                .hasMessage("vtr has content after its closing bracket");
        assertThatThrownBy(() -> VectorsOfTrust.parseJson("[\"P9.Cp.Cd\"]x"))
                .isInstanceOf(InvalidVectorOfTrustException.class);
    }

    @Test
    void refusesHostileSizesCheaply() {
        assertThatThrownBy(() -> VectorsOfTrust.parseJson("[".repeat(100_000)))
                .hasMessageContaining("longer than 1024 characters");
        assertThatThrownBy(() -> VectorsOfTrust.parseJson("[".repeat(500)))
                .hasMessageStartingWith("vtr entry 1 is not a string");
        String seventeen = "[" + "\"P9.Cm\",".repeat(16) + "\"P9.Cm\"]";
        assertThatThrownBy(() -> VectorsOfTrust.parseJson(seventeen)).hasMessageContaining("more than 16 vectors");
    }

    @Test
    void theLowestLevelDecidesWhetherAStepUpIsNeeded() {
        assertThat(VectorsOfTrust.of("P5.Cp.Cd", "P9.Cp.Cd").lowestLevel()).isEqualTo(ProofingLevel.P5);
        assertThat(VectorsOfTrust.of("P9.Cm", "Cp.Cd").lowestLevel()).isEqualTo(ProofingLevel.P0);
    }

    @Test
    void aMultiLevelPartnerLearnsTheHighestLevelItAskedForThatWasMet() {
        VectorsOfTrust mixed = VectorsOfTrust.of("P5.Cp.Cd", "P5.Cp.Ck", "P5.Cm", "P9.Cp.Cd", "P9.Cp.Ck", "P9.Cm");
        assertThat(mixed.bestMatch(VectorOfTrust.parse("P9.Cp.Cd"))).map(Object::toString).contains("P9.Cp.Cd");
        assertThat(mixed.bestMatch(VectorOfTrust.parse("P5.Cp.Cd"))).map(Object::toString).contains("P5.Cp.Cd");
        assertThat(mixed.bestMatch(VectorOfTrust.parse("P0.Cp.Cd"))).isEmpty();
    }

    @Test
    void aSingleLevelPartnerIsToldTheVectorItAskedFor() {
        VectorsOfTrust basic = VectorsOfTrust.of("P5.Cp.Cd", "P5.Cp.Ck", "P5.Cm");
        assertThat(basic.bestMatch(VectorOfTrust.parse("P9.Cp.Cd"))).map(Object::toString).contains("P5.Cp.Cd");
        assertThat(basic.bestMatch(VectorOfTrust.parse("P9.Cp"))).isEmpty();
    }

    @Test
    void atOneLevelTheVectorNamingMoreOfWhatWasProvedWins() {
        VectorsOfTrust vtr = VectorsOfTrust.of("P5.Cp", "P5.Cp.Cd");
        assertThat(vtr.bestMatch(VectorOfTrust.parse("P5.Cp.Cd"))).map(Object::toString).contains("P5.Cp.Cd");
        assertThat(vtr.bestMatch(VectorOfTrust.parse("P5.Cp"))).map(Object::toString).contains("P5.Cp");
    }

    @Test
    void onAFullTieTheFirstRequestedVectorWins() {
        VectorsOfTrust vtr = VectorsOfTrust.of("P5", "P5.Cp.Cd");
        // Both report P5.Cp.Cd (the bare level takes its credentials from what was achieved).
        assertThat(vtr.bestMatch(VectorOfTrust.parse("P5.Cp.Cd"))).map(Object::toString).contains("P5.Cp.Cd");
    }
}
