package org.nhsloginkeycloak.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        assertThat(Statistics.percentile(nanos, 50)).isEqualTo(50.0);
        assertThat(Statistics.percentile(nanos, 99)).isEqualTo(99.0);
        assertThat(Statistics.percentile(new long[] {7_000_000L}, 99)).isEqualTo(7.0);
    }

    @Test
    void mediansAndQuantilesFallBetweenNeighbours() {
        assertThat(Statistics.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(Statistics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Statistics.quantile(new double[] {1, 2, 3, 4, 5}, 0.25)).isEqualTo(2.0);
        assertThat(Statistics.quantile(new double[] {10, 20}, 0.5)).isEqualTo(15.0);
    }

    @Test
    void emptyInputIsNotANumberEverywhere() {
        assertThat(Statistics.percentile(new long[0], 50)).isNaN();
        assertThat(Statistics.median(new double[0])).isNaN();
        assertThat(Statistics.quantile(new double[0], 0.5)).isNaN();
    }
}
