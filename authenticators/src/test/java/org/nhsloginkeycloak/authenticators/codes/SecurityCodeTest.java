package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nhsloginkeycloak.authenticators.codes.SecurityCode.Verdict;

class SecurityCodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    @Test
    void codesAreSixDigitsWithLeadingZerosAndSpreadOut() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String code = SecurityCode.newCode(RANDOM);
            assertThat(code).matches("[0-9]{6}");
            seen.add(code);
        }
        assertThat(seen).as("2,000 draws from a million").hasSizeGreaterThan(1_990);
    }

    @Test
    void theRightCodeInTimeIsAcceptedAndSpent() {
        SecurityCode code = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM);

        SecurityCode.Check check = code.check("123456", NOW.plusSeconds(30), 5);

        assertThat(check.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(check.remaining()).as("a used code is deleted").isEmpty();
    }

    @Test
    void codeIsRejectedAfterFiveWrongAttempts() {
        SecurityCode code = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM);
        for (int attempt = 1; attempt <= 4; attempt++) {
            SecurityCode.Check check = code.check("000000", NOW, 5);
            assertThat(check.verdict()).isEqualTo(Verdict.WRONG);
            code = check.remaining().orElseThrow();
            assertThat(code.wrongGuesses()).isEqualTo(attempt);
        }

        SecurityCode.Check fifth = code.check("000000", NOW, 5);

        assertThat(fifth.verdict()).isEqualTo(Verdict.EXHAUSTED);
        assertThat(fifth.remaining()).as("the code is dead").isEmpty();
    }

    @Test
    void anExpiredCodeIsRefusedEvenWhenRight() {
        SecurityCode code = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM);

        assertThat(code.check("123456", NOW.plus(TEN_MINUTES), 5).verdict()).isEqualTo(Verdict.EXPIRED);
        assertThat(code.check("123456", NOW.plus(TEN_MINUTES).minusMillis(1), 5).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void theSessionKeepsAHashNeverTheCode() {
        SecurityCode code = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM);

        Map<String, String> notes = code.toNotes();

        assertThat(notes.values()).noneMatch(value -> value.contains("123456"));
        SecurityCode read = SecurityCode.fromNotes(notes::get).orElseThrow();
        assertThat(read.check("123456", NOW, 5).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void theSameCodeIssuedTwiceHashesDifferently() {
        Map<String, String> first = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM).toNotes();
        Map<String, String> second = SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM).toNotes();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void damagedOrPartialNotesAreNoCode() {
        Map<String, String> notes = new HashMap<>(SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM).toNotes());
        notes.remove(SecurityCode.noteNames()[0]);
        assertThat(SecurityCode.fromNotes(notes::get)).isEmpty();

        Map<String, String> garbled = new HashMap<>(SecurityCode.issue("123456", NOW, TEN_MINUTES, RANDOM).toNotes());
        garbled.replaceAll((key, value) -> key.endsWith("expires") ? "soon" : value);
        assertThat(SecurityCode.fromNotes(garbled::get)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "1234567", "12345a", " 123456", "１２３４５６", ""})
    void onlySixAsciiDigitsAreWellFormed(String text) {
        assertThat(SecurityCode.isWellFormed(text)).isFalse();
        assertThat(SecurityCode.isWellFormed("012345")).isTrue();
    }
}
