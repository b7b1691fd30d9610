package org.vnfx.orchestrator;

import java.math.BigInteger;
import java.util.Arrays;
import org.vnfx.crypto.CompressedKey;
import org.vnfx.crypto.Ecies;
import org.vnfx.ledger.suite.EnvelopeContext;
import org.web3j.crypto.ECKeyPair;

/**
 * The operator's encryption key and the one thing done with it: open a package's content key that the
 * provider sealed for the operator, and seal it again for exactly one MEC node and one deployment (or one
 * validator and one package). The
 * plain content key exists only inside {@link #reseal} and is wiped before it returns.
 */
final class KeyCustody {
    private final ECKeyPair operatorEncryption;

    KeyCustody(ECKeyPair operatorEncryption) {
        this.operatorEncryption = operatorEncryption;
    }

    /** Throws {@link org.vnfx.crypto.CryptoException} if the provider's envelope does not open for this operator. */
    byte[] reseal(byte[] packageDigest, byte[] operatorEnvelope, BigInteger deploymentId, String mec, CompressedKey mecKey) {
        byte[] contentKey = Ecies.open(operatorEncryption, operatorEnvelope, EnvelopeContext.offer(packageDigest));
        try {
            return Ecies.seal(mecKey, contentKey, EnvelopeContext.grant(packageDigest, deploymentId, mec));
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }

    /** The same for one validator inspecting one package (Attestations.shareKey). */
    byte[] resealForValidator(byte[] packageDigest, byte[] operatorEnvelope, String validator, CompressedKey validatorKey) {
        byte[] contentKey = Ecies.open(operatorEncryption, operatorEnvelope, EnvelopeContext.offer(packageDigest));
        try {
            return Ecies.seal(validatorKey, contentKey, EnvelopeContext.attestation(packageDigest, validator));
        } finally {
            Arrays.fill(contentKey, (byte) 0);
        }
    }
}
