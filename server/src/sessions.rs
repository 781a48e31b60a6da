//! The session store, with ids stored hashed: the table holds SHA-256 of each cookie's id,
//! never the id, so a copy of the database (a backup, a replica, a leaked dump) opens no
//! session. The cookie still carries the id itself; only this wrapper sees both.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};

/// Wraps a store so that every id reaching it is hashed first.
#[derive(Clone, Debug)]
pub struct HashedIds<S>(pub S);

/// The id a session is stored under: the first 128 bits of SHA-256 of the cookie's id.
pub fn stored_id(id: &Id) -> Id {
    let digest = backend::tokens::hash_token(&id.to_string());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(first))
}

/// The record as stored: its id hashed (the store also writes the id inside the data).
fn stored(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for HashedIds<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new id until its hash is free (a collision of 128 random bits never happens in
        // practice; the inner store's own loop would pick an id whose hash nobody knows).
        while self.0.load(&stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.0.save(&stored(record)).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.0.save(&stored(record)).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        Ok(self
            .0
            .load(&stored_id(id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.0.delete(&stored_id(id)).await
    }
}
