package org.nhsloginkeycloak.it.browser;

import com.microsoft.playwright.Page;

/** Create an NHS login: the email address first. */
public final class RegisterPage extends NhsPage {

    public RegisterPage(Page page) {
        super(page);
    }

    public void register(String email) {
        type("#email", email);
        pressEnterAndWait();
    }
}
