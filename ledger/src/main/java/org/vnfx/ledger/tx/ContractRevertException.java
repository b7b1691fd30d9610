package org.vnfx.ledger.tx;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A contract call the EVM rejected, decoded: which function, which custom error, with which arguments.
 * Thrown before any transaction is sent whenever the pre-flight simulation reverts, so nothing changes
 * on chain and no gas is spent.
 */
public final class ContractRevertException extends RuntimeException {
    private final String function;
    private final String error;
    private final Map<String, Object> arguments;

    public ContractRevertException(String function, String error, Map<String, Object> arguments) {
        super(function + " reverted with " + error + "(" + arguments.entrySet().stream()
                .map(e -> e.getKey() + "=" + RevertDecoder.render(e.getValue()))
                .collect(Collectors.joining(", ")) + ")");
        this.function = function;
        this.error = error;
        this.arguments = Map.copyOf(arguments);
    }

    /** {@code Contract.function} that was called, or the selector in hex if unknown. */
    public String function() {
        return function;
    }

    /** The custom error's name ({@code InsufficientResources}), {@code Error} for require strings, {@code Panic}. */
    public String error() {
        return error;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }
}
