/**
 * Domain exceptions that the API turns into {@code application/problem+json} answers: their messages are
 * sentences for the user, saying what is wrong and how to fix it.
 */
package io.knowledgehub.core.error;
