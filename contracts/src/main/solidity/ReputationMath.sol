// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The B-VNF reputation and price equations in fixed point.
/// @notice All values are integers; every division rounds toward zero. The Java class
/// org.vnfx.ledger.economics.ReputationModel implements the same steps and must agree to the unit.
///
///   (1) instantaneous  R_i = 1 / (1 + sum_e w_e * X_e)              in (0, 1], 1 = no error seen
///   (2) smoothed       R   = alpha * R_i + (1 - alpha) * R_previous
///   (3) price          C   = R * B * t                              wei, B in wei/s, t in s
///
/// Reputation and alpha are WAD (1e18 = 1.0). Weights are in millionths (1e6 = weight 1.0),
/// so one error of a type weighted 0.25 is 250_000.
library ReputationMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant WEIGHT_UNIT = 1e6;
    uint256 internal constant ERROR_TYPES = 8;

    /// (1): WAD * 1e6 / (1e6 + sum(w_e * X_e)). Weights are packed as eight uint32, type 0 in the low bits.
    function instantaneous(uint256 packedWeights, uint32[8] calldata errorCounts) internal pure returns (uint256) {
        uint256 penalty;
        for (uint256 e; e < ERROR_TYPES; ++e) {
            penalty += uint256(uint32(packedWeights >> (32 * e))) * errorCounts[e];
        }
        return (WAD * WEIGHT_UNIT) / (WEIGHT_UNIT + penalty);
    }

    /// (2): (alpha * R_i + (WAD - alpha) * R_prev) / WAD.
    function smoothed(uint256 alpha, uint256 instant, uint256 previous) internal pure returns (uint256) {
        return (alpha * instant + (WAD - alpha) * previous) / WAD;
    }

    /// (3): R * B * t / WAD.
    function price(uint256 reputation, uint256 basePricePerSecond, uint256 usageSeconds) internal pure returns (uint256) {
        return (reputation * basePricePerSecond * usageSeconds) / WAD;
    }
}
