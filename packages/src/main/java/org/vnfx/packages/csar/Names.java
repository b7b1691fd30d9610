package org.vnfx.packages.csar;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** How messages name certificates: their subject, RFC 2253, in quotes. */
final class Names {
    private Names() {}

    static String of(X509Certificate c) {
        return of(c.getSubjectX500Principal());
    }

    static String of(X500Principal p) {
        return "'" + p.getName(X500Principal.RFC2253) + "'";
    }
}
