export { AppError, ERROR_CATEGORIES, isAppError, wrapError, type ErrorCategory } from './app-error';
export { httpStatusOf } from './http-status';
