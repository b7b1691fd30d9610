// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice Role identifiers shared by every vnfx contract.
library Roles {
    bytes32 internal constant OPERATOR = keccak256("vnfx.OPERATOR");
    bytes32 internal constant PROVIDER = keccak256("vnfx.PROVIDER");
    bytes32 internal constant MEC = keccak256("vnfx.MEC");
    bytes32 internal constant CUSTOMER = keccak256("vnfx.CUSTOMER");
    bytes32 internal constant VALIDATOR = keccak256("vnfx.VALIDATOR");
}

/// @notice The only view of Identities the other contracts need: one cross-contract call per check.
interface IRoleOracle {
    function hasRole(bytes32 role, address account) external view returns (bool);
}

/// @notice A contract that asks Identities who its caller is.
/// Role checks are functions, not modifiers: a modifier's body is copied into every function it guards,
/// and deployed code costs 200 gas a byte.
abstract contract RoleGated {
    IRoleOracle public immutable identities;

    error NotOperator(address caller);
    error ZeroAddress();

    constructor(IRoleOracle identities_) {
        if (address(identities_) == address(0)) revert ZeroAddress();
        identities = identities_;
    }

    function _requireOperator() internal view {
        if (!_hasRole(Roles.OPERATOR, msg.sender)) revert NotOperator(msg.sender);
    }

    function _hasRole(bytes32 role, address account) internal view returns (bool) {
        return identities.hasRole(role, account);
    }
}
