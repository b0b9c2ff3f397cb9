package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Check your phone (or, at registration, your email) for the security code. */
public final class SecurityCodePage extends NhsPage {

    public SecurityCodePage(Page page) {
        super(page);
    }

    public void askForANewCode() {
        submitByKeyboard("#nhs-sms-resend");
    }

    public void enter(String code) {
        type("#code", code);
        pressEnterAndWait();
    }
}
