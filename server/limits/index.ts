export { TrustedProxies, parseAddressRange, limitKey, unmapIPv4, type AddressRange, type RequestLike } from './clientAddress'
export { FailureLimits, type Blocked, type FailureBudget, type FailureKind, type FailureLimitsOptions } from './FailureLimits'
export { enforceRequestDeadline, requestDeadlineOptions } from './requestDeadline'
