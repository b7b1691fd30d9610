package org.vnfx.portal.vnfpkgm;

import java.nio.file.Path;
import java.util.Map;
import org.vnfx.portal.auth.Tokens;

/**
 * What turns uploaded package content into an onboarded VNF package: the same path as publishing an
 * offer from the command line (verified, described, encrypted, stored, advertised on chain).
 */
public interface Onboarding {
    /**
     * @param packageFile     the uploaded content, complete and durable
     * @param userDefinedData the resource's user data: where the client gives what the package does not say
     *                        (the offer's function type and price)
     * @return what the package holds, for VnfPkgInfo
     * @throws Failure with a detail naming the file, line or field that is wrong; nothing was advertised
     */
    VnfPackage.Content onboard(Path packageFile, Map<String, Object> userDefinedData, Tokens.Principal who) throws Failure;

    /** A package that cannot be onboarded, and why. */
    final class Failure extends Exception {
        private final String title;

        public Failure(String title, String detail) {
            super(detail);
            this.title = title;
        }

        public Failure(String title, String detail, Throwable cause) {
            super(detail, cause);
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
