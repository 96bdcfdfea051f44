/**
 * CEL (Common Expression Language, the language of Kubernetes validation rules) for plantops: KPI
 * expressions over canonical signals ({@link io.plantops.expressions.SignalExpression}) and
 * promotion gate conditions over observed facts ({@link io.plantops.expressions.GateCondition}).
 * The operator compiles them to validate templates; the inference server evaluates KPIs; the same
 * environments are used by both so what validates also runs.
 */
package io.plantops.expressions;
