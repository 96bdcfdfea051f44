/** The per-plant OPC UA connector. */
package io.plantops.connector;
