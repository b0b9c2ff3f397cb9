package org.nhsloginkeycloak.it.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mobile numbers for test citizens, each used once per run: Ofcom's drama range (07700 900000-900999), never anyone's
 * phone. The sandpit's own citizens have 900100, 900123, 900456 and 900789, below where these start. Unique numbers keep
 * the Notify stand-in's journal unambiguous between tests.
 */
public final class TestMobiles {

    private static final AtomicInteger NEXT = new AtomicInteger(800);

    private TestMobiles() {
    }

    /** A fresh number in E.164, e.g. {@code +447700900800}. */
    public static String next() {
        int n = NEXT.getAndIncrement();
        if (n > 999) {
            throw new IllegalStateException("More test mobiles than the drama range holds");
        }
        return "+447700900" + n;
    }

    /** The number as a person types it: {@code 07700 900 800}. */
    public static String typed(String e164) {
        return "07700 900 " + e164.substring(e164.length() - 3);
    }
}
