use crate::AppError;

pub async fn not_found() -> AppError {
    AppError::not_found()
}
