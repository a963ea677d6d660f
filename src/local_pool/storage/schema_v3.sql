-- Version 3: one-time codes keep their sends and failures for an hour, so asking for a new code
-- neither resets the wrong guesses nor can be repeated without end (LimitExceededException).
ALTER TABLE codes ADD COLUMN sends INTEGER NOT NULL DEFAULT 0;
ALTER TABLE codes ADD COLUMN window_start INTEGER NOT NULL DEFAULT 0;
