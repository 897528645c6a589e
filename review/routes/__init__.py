"""The pages of the review queue, one APIRouter per family; `review.app` includes them."""
