package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Reset your password: the email address to send the link to. */
public final class ResetPasswordPage extends NhsPage {

    public ResetPasswordPage(Page page) {
        super(page);
    }

    public void reset(String email) {
        type("#username", email);
        pressEnterAndWait();
    }

    public void submitEmpty() {
        tabTo("#nhs-reset-submit");
        pressEnterAndWait();
    }
}
