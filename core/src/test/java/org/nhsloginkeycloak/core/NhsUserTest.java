package org.nhsloginkeycloak.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NhsUserTest {

    @Test
    void aMatchAppliesToTheNumberItMatched() {
        assertThat(NhsUser.pdsMatchApplies("+447700900123", "true", "+447700900123")).isTrue();
    }

    @Test
    void aMatchOfAnEarlierMobileSaysNothingAboutANewOne() {
        assertThat(NhsUser.pdsMatchApplies("+447700900999", "true", "+447700900123")).isFalse();
    }

    @Test
    void aFlagWithoutTheNumberItMatchedFailsClosed() {
        assertThat(NhsUser.pdsMatchApplies("+447700900123", "true", null)).isFalse();
    }

    @Test
    void noMobileOrNoFlagIsNoMatch() {
        assertThat(NhsUser.pdsMatchApplies(null, "true", null)).isFalse();
        assertThat(NhsUser.pdsMatchApplies(" ", "true", " ")).isFalse();
        assertThat(NhsUser.pdsMatchApplies("+447700900123", "false", "+447700900123")).isFalse();
    }
}
