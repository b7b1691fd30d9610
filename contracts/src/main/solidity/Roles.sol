// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice Role identifiers shared by every vnfx contract (OpenZeppelin AccessControl role ids).
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

/// @notice A contract whose privileged caller (the Orchestration contract) is bound once after deployment.
/// Binding after deployment breaks the construction cycle Orchestration <-> Offers/Settlement without
/// predicting addresses; it can happen exactly once and only by an operator.
abstract contract BoundToOrchestration {
    IRoleOracle public immutable identities;
    address public orchestration;

    event OrchestrationBound(address indexed orchestration);

    error NotOperator(address caller);
    error NotOrchestration(address caller);
    error AlreadyBound(address orchestration);
    error ZeroAddress();

    constructor(IRoleOracle identities_) {
        if (address(identities_) == address(0)) revert ZeroAddress();
        identities = identities_;
    }

    modifier onlyOperator() {
        if (!identities.hasRole(Roles.OPERATOR, msg.sender)) revert NotOperator(msg.sender);
        _;
    }

    modifier onlyOrchestration() {
        if (msg.sender != orchestration) revert NotOrchestration(msg.sender);
        _;
    }

    function bindOrchestration(address orchestration_) external onlyOperator {
        if (orchestration != address(0)) revert AlreadyBound(orchestration);
        if (orchestration_ == address(0)) revert ZeroAddress();
        orchestration = orchestration_;
        emit OrchestrationBound(orchestration_);
    }
}
