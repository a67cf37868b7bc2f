var user_details =  {
  "screen_name" : "robin_example",
  "location" : "Berlin",
  "full_name" : "Robin Example",
  "bio" : "Writes things down.",
  "id" : "90001",
  "created_at" : "2008-03-01 10:00:00 +0000"
}