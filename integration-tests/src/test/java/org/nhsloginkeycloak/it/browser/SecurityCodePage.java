package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Check your phone (or, at registration, your email) for the security code. */
public final class SecurityCodePage extends NhsPage {

    public SecurityCodePage(Page page) {
        super(page);
    }

    public void enter(String code) {
        type("#code", code);
        pressEnterAndWait();
    }
}
